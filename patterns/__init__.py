"""Report knowledge as data (TOML files), loaded through ``extractor.patterns``."""
