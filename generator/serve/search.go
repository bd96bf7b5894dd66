package serve

// The offline search in the preview.
//
// Why built on request: the index is made from every rendered page, so it needs a
// complete snapshot, which on a large site the builder makes only when asked (see
// builder.go, quickComplete). The search page itself is served like any page; its
// script asks for the manifest, and that first request under SearchDir asks the builder
// for the rest of the build, waits for it, builds the index (Options.Search) and keeps
// it until the snapshot changes. So the preview's search finds what a build's would,
// and a reviewer who never searches pays nothing.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"gnrm/generator/hugo"
)

// searchIndex is the index of one snapshot.
type searchIndex struct {
	seq   uint64
	files map[string][]byte
	err   error
}

// isSearch reports whether a request names a file of the search index.
func (sv *server) isSearch(name string) bool {
	return sv.o.Search != nil && sv.o.SearchDir != "" && strings.HasPrefix(name, sv.o.SearchDir+"/")
}

// search answers a request for a file of the search index.
func (sv *server) search(w http.ResponseWriter, r *http.Request, name string) {
	snap, idx := sv.searchIndexFor(r.Context())
	switch {
	case r.Context().Err() != nil:
		return
	case snap == nil:
		sv.plain(w, http.StatusServiceUnavailable, sv.t.busyBody)
		return
	case idx.err != nil:
		sv.plain(w, http.StatusInternalServerError, fmt.Sprintf(sv.t.searchFailed, idx.err))
		return
	}
	b, ok := idx.files[name]
	if !ok {
		sv.plain(w, http.StatusNotFound, sv.t.notFound)
		return
	}
	sv.send(w, r, snap, name, b, snap.Time(), http.StatusOK)
}

// searchIndexFor returns a complete snapshot and its index, asking the builder for the
// rest of the build first when needed. The snapshot is nil when none came in time.
func (sv *server) searchIndexFor(ctx context.Context) (*hugo.Snapshot, *searchIndex) {
	timeout := time.NewTimer(freshWait)
	defer timeout.Stop()
	for {
		sv.mu.Lock()
		wake := sv.wake
		sv.mu.Unlock()
		if snap := sv.current(); snap != nil && snap.Complete() {
			return snap, sv.indexOf(snap)
		}
		if sv.current() == nil || sv.failing() {
			return nil, nil
		}
		sv.mu.Lock()
		sv.wantComplete = true
		sv.mu.Unlock()
		sv.poke()
		select {
		case <-wake:
		case <-ctx.Done():
			return nil, nil
		case <-timeout.C:
			return nil, nil
		}
	}
}

// indexOf returns the index of a complete snapshot, built once.
func (sv *server) indexOf(snap *hugo.Snapshot) *searchIndex {
	sv.indexMu.Lock()
	defer sv.indexMu.Unlock()
	if sv.index != nil && sv.index.seq == snap.Seq() {
		return sv.index
	}
	files, err := sv.o.Search(snap.FS(), snap.Indexed())
	sv.index = &searchIndex{seq: snap.Seq(), files: files, err: err}
	return sv.index
}
