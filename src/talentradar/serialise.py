"""Store values as JSON: one rule for the CLI and the API."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any


def json_value(value: Any) -> Any:
    """Values JSON lacks: decimals as numbers, dates and times as ISO 8601 strings."""
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def jsonable(value: Any) -> Any:
    """``value`` with every nested store value made JSON-ready; NaN and infinities as null."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int | str | bool) or value is None:
        return value
    return json_value(value)
