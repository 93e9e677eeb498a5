from talentradar.cli import main

main()
