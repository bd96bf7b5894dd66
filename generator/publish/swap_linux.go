package publish

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the two folders in one atomic step (renameat2 RENAME_EXCHANGE), falling
// back to a rename pair where the filesystem does not support it.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return renamePair(a, b)
	}
	return err
}
