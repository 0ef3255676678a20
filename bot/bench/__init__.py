"""`otklik bench`: intake, flag latency, classifier, digest and memory figures (issue 7)."""
