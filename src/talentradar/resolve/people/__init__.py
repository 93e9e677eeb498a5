"""People resolution: mentions → persons by probabilistic record linkage (Splink),
constrained clustering, user overrides and stable person ids."""
