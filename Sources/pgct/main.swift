// The `pgct` executable: kept thin, all commands live in PGCTCLI.
import PGCTCLI

await PGCTCommandLine.main()
