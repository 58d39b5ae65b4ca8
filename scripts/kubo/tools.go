//go:build tools

// Package tools pins Kubo's daemon command as a dependency of this module.
package tools

import _ "github.com/ipfs/kubo/cmd/ipfs"
