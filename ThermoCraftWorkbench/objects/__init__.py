"""Document objects (App side, no GUI imports): one module per object type."""
