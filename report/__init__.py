"""Engine of the bilingual report site: data -> figures -> charts -> pages -> MkDocs."""
