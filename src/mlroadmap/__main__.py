from mlroadmap.cli.app import main

main()
