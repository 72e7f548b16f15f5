"""What people read: the console, the review page, metrics, the models self-test, eval."""
