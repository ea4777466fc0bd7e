"""The terminal UI. The only package that imports Textual; the engine never imports it.

Regions of the screen, top to bottom, each in its own module: transcript.py (what ran),
suggestions.py (the router's predictions and the confirmation question), prompt.py (the input
line with ghost text), status.py (router, cache, orchestrator, library). app.py holds the layout,
the keys and `make_app`; prompt_state.py what the input line means at each moment (a plain
object, no widgets); runs.py and conversation.py the controllers that run calls and stream
orchestrator replies in worker threads; messages.py every message they and the engine's routing
loop send. session.py saves the conversation, record.py feeds the interaction log, render.py
turns results into lines, demo.py knows the bundled demo library, startup.py is what `kiwi`
does before the window opens.
"""
