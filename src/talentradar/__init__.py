"""TalentRadar: open AI-talent intelligence from public research records.

The small public API lives here; heavy optional parts (Spark, Splink, the web
stack) are imported lazily by the modules that need them.
"""

from talentradar.errors import TalentRadarError

__version__ = "0.1.0"
__all__ = ["TalentRadarError", "__version__"]
