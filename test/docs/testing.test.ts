// docs/tutorial/testing.md: the page's test file is itself run here, as a user would run it.
import "../../docs/samples/testing/main.test-sample.ts";
