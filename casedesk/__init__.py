"""casedesk core: services, rules, reports, PDF, import/export and the
command line.  Never imports Qt or ``ui``."""

# The one place the version is written: pyproject.toml reads it from here.
# A constant, not importlib.metadata, which took 30 ms of every start.
__version__ = "0.1.0"
