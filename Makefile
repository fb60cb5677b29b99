# 'make' builds, 'make run' shows the emulator at work, 'make check' tests.
BUILD ?= build
NINJA ?= ninja

.PHONY: all deps run check check-unit check-functional bench clean

all: deps $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

run: all
	./scripts/demo.sh $(BUILD)

check: all
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

check-unit: all
	meson test -C $(BUILD) --suite unit --print-errorlogs

check-functional: all
	meson test -C $(BUILD) --suite functional --print-errorlogs

# speed and idle CPU against Debian's QEMU (not part of check)
bench: all
	python3 bench/run.py --build-dir $(BUILD)

clean:
	rm -rf $(BUILD)
