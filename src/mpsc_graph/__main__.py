from mpsc_graph.cli import main

main()
