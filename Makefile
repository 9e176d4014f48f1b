# The two commands of the README: `make demo` and `make test`.
.PHONY: demo test lint serve clean

demo:
	@scripts/venv.sh
	.venv/bin/danvan demo

test:
	@scripts/venv.sh "test,bench"
	@scripts/chromium.sh
	.venv/bin/python -m pytest -n $${PYTEST_WORKERS:-auto} --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint:
	@scripts/venv.sh "test,bench"
	.venv/bin/ruff check .
	.venv/bin/ruff format --check src tests || true

clean:
	rm -rf .venv var test-artifacts
