# The two commands the README shows, and a few conveniences around the local broker.
#
#   make run     install what is missing, then run the service on the seed articles
#   make test    install what is missing, then run the whole test suite
#
# Both start with deploy/bootstrap.sh, which does nothing (in well under a second) when the
# machine is already set up. Pass arguments with ARGS="..." (run) or PYTEST_ARGS="..." (test).

SHELL := /bin/bash
PY := .venv/bin/python
PYTEST_ARGS ?= -q
ARGS ?=

.PHONY: bootstrap run test broker-start broker-stop broker-status clean-state constraints

bootstrap:
	@bash deploy/bootstrap.sh

run: bootstrap
	@$(PY) -m streams run $(ARGS)

test: bootstrap
	@$(PY) -m pytest $(PYTEST_ARGS)

broker-start: bootstrap
	@$(PY) -m streams broker start

broker-stop:
	@if [[ -x $(PY) ]]; then $(PY) -m streams broker stop; fi

broker-status:
	@$(PY) -m streams broker status

# Stops the local broker first: deleting the data of a running broker corrupts it.
clean-state: broker-stop
	rm -rf .state

# Pin the current venv's versions (after a dependency change in pyproject.toml).
constraints:
	@{ echo "# Exact versions the project is tested with: pip install -c constraints.txt -e '.[test]'."; \
	   echo "# Regenerate after a dependency change with: make constraints"; \
	   $(PY) -m pip freeze --exclude-editable --disable-pip-version-check; } > constraints.txt
