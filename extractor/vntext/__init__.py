"""Vietnamese text: legacy encodings, numbers, units. Nothing else parses numbers or decodes text."""
