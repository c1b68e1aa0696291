"""The input contract and reading data/: schema, tables, breakdown levels, region, periods."""
