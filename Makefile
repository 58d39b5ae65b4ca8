# The two commands of the README. Everything else is a script under scripts/.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help setup build test start lint

help:
	@echo "make start  run the whole marketplace locally"
	@echo "make test   set up this machine and run every test"

setup:
	@bash scripts/setup

build: setup
	@bash scripts/build-program

test: setup
	@bash scripts/test

lint: setup
	@bash scripts/lint

start: setup
	@bash scripts/start
