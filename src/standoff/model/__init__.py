"""The conflict model: options, decision makers, feasibility and preferences."""
