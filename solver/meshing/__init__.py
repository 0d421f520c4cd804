"""Grid generation (keypoints, grading) and voxelization of boxes and triangle meshes."""
