package publish

import "os"

// renamePair swaps folder a into b's place with two renames, leaving b's previous
// content at a. Between the renames b is briefly absent; if the second rename fails the
// first is undone.
func renamePair(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
