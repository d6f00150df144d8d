from scaffold_migrate.cli import main

main()
