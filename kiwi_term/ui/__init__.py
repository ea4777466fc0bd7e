"""The terminal UI. The only package that imports Textual; the engine never imports it.

Regions of the screen, top to bottom, each in its own module: transcript.py (what ran),
suggestions.py (the router's predictions and the confirmation question), prompt.py (the input
line with ghost text), status.py (router, cache, orchestrator, library). app.py holds the layout
and `make_app`, keys.py what each key does; router_worker.py the router's own thread;
execution.py and conversation.py the workers that run calls and orchestrator turns; messages.py
every message they send. session.py saves the conversation, record.py feeds the interaction
log, render.py turns results into lines, startup.py is what `kiwi` does before the window opens.
"""
