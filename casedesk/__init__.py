"""casedesk core: services, rules, reports, PDF, import/export and the
command line.  Never imports Qt or ``ui``."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("casedesk")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
