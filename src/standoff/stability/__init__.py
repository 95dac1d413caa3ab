"""The stability concepts of the graph model, one module each."""
