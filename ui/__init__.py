"""The PySide6 user interface: widgets and Qt models.  Talks to the database
only through ``casedesk`` services, off the GUI thread."""
