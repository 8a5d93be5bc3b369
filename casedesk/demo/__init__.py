"""Synthetic demo data: a believable program's two fiscal years of records,
for trying casedesk out, training staff and benchmarking at scale.

Everything here is made up; names, addresses and phone numbers only look
real.  ``generate`` refuses a database that already holds real records.
"""

from casedesk.demo.files import create_demo_database, demo_exists
from casedesk.demo.generator import PROGRAM_NAME, generate
from casedesk.demo.outcome import DemoCancelled, DemoCounts, DemoTargetNotEmpty

__all__ = [
    "PROGRAM_NAME",
    "DemoCancelled",
    "DemoCounts",
    "DemoTargetNotEmpty",
    "create_demo_database",
    "demo_exists",
    "generate",
]
