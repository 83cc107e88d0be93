from streamdesk.cli import main

raise SystemExit(main())
