"""Economic indicators against annual targets (经济指标); built in the indicators issue."""
