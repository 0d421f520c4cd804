# ThermoCraft: run by FreeCAD at start-up (GUI and console) with exec(); no __file__ here.
# Nothing to register on the App side: the document objects import their own modules when a
# saved file is opened (ThermoCraftWorkbench.objects.*). Keep this file tiny.
