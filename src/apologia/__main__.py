from apologia.cli import main_entry

main_entry()
