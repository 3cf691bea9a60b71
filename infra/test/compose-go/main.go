// Loads a compose file the way Docker Compose does (compose-go, the library the docker compose
// CLI is built on, which also validates it against the compose-spec JSON Schema) and prints the
// resolved project as JSON, or the loader's error and exit code 1. Used by
// infra/test/docker-compose.test.ts: no Docker engine is needed.
//
//	go run . <dir with docker-compose.yml> [profile...]
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-go <dir> [profile...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	options, err := cli.NewProjectOptions(
		[]string{dir + "/docker-compose.yml"},
		cli.WithWorkingDirectory(dir),
		cli.WithProfiles(os.Args[2:]),
		cli.WithDotEnv,
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
