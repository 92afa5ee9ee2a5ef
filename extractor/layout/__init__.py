"""The layout stage: words and rules into lines, paragraphs and table grids, for every reader."""
