"""A run: planning what needs work, the model steps, writing outputs and records, the
state database, executors (local, Ray), stopping on a signal."""
