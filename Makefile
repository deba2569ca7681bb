# pgct — the two commands a newcomer needs: `make demo` and `make test`.
# Both install the missing Debian packages first (as root; otherwise they print the command).

SWIFT     ?= swift
BUILD_DIR ?= .build
PGCT      := $(BUILD_DIR)/debug/pgct

# Everything the build, the tests and the demo need from Debian.
DEB_PACKAGES := postgresql-15 postgresql-client-15 postgresql-server-dev-15 libpq-dev pkg-config \
                liblapacke-dev libopenblas-dev make

.PHONY: all deps build release test test-swift test-sql sql-install demo clean

all: build

## deps: install the Debian packages that are missing (installing server-dev upgrades
## postgresql-15 and libpq, so this runs before any cluster is started).
deps:
	@missing=""; \
	for package in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -eq 0 ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "pgct needs these Debian packages. Run:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing"; \
	  exit 1; \
	fi

build: deps
	$(SWIFT) build --build-path $(BUILD_DIR)

release: deps
	$(SWIFT) build --build-path $(BUILD_DIR) -c release

## sql-install: copy the extension files into the server's extension directory (PGXS).
sql-install: deps
	$(MAKE) -C sql install

## test: every test — the Swift unit and integration tests, then the SQL regression tests.
## Each starts its own throwaway PostgreSQL (or uses PGCT_TEST_DSN for the Swift tests).
test: test-swift test-sql

test-swift: build sql-install
	$(SWIFT) test --build-path $(BUILD_DIR)

test-sql: build sql-install
	$(PGCT) sandbox -- $(MAKE) -C sql installcheck || { cat sql/regression.diffs 2>/dev/null; exit 1; }

## demo: the main job: the seed's story on a throwaway PostgreSQL (cluster, extension, agent in
## process), checked phase by phase; exit 0 only if it happened. DEMO_FLAGS=--fast for CI.
DEMO_FLAGS  ?=
DEMO_REPORT ?= reports/pgct-demo.html
demo: build
	$(PGCT) demo --report $(DEMO_REPORT) $(DEMO_FLAGS)

clean:
	rm -rf $(BUILD_DIR)
	$(MAKE) -C sql clean
