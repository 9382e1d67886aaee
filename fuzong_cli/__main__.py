from fuzong_cli.cli import main

main()
