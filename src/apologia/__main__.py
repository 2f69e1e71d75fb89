from apologia.entry import main

main()
