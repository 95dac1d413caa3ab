"""The state space, the moves, and the reachability computations behind every stability concept."""
