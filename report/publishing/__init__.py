"""The published outputs: one site per language, datasets and downloads, PDF, cards, the swap."""
