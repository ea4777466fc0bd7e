"""The router: the menu, its features and calibration, and the routers that read it."""
