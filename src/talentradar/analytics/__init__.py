"""The questions TalentRadar answers, each a documented query over facts."""
