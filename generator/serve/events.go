package serve

// Server-Sent Events: the one channel from the server to the browsers.
//
// Why this shape: a build produces one message, marshalled once and handed to every
// client's small buffer without waiting, so hundreds of open tabs cost the builder a
// loop of channel sends, never a write to a slow socket. A client whose buffer is full
// loses its oldest message: every message carries the whole state plus the generation
// it starts from, so the script notices a gap and reloads rather than show something
// stale. The hub keeps the last few reload events for the hello of a (re)connecting
// client, so that a tab which reconnects after a build can tell whether its own page
// changed in between.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
)

// clientBuffer is how many messages wait for a slow client before the oldest is dropped.
const clientBuffer = 16

// historyLen is how many reload events a hello carries.
const historyLen = 16

type client struct {
	ch    chan []byte
	pages []string
}

type hub struct {
	mu      sync.Mutex
	clients map[*client]struct{}
	history []change
	done    chan struct{}
	closed  bool
}

// change is one reload event as the script reads it.
type change struct {
	From    uint64   `json:"from"`
	Gen     uint64   `json:"gen"`
	Changed []string `json:"changed,omitempty"`
	All     bool     `json:"all,omitempty"`
	CSS     bool     `json:"css,omitempty"`
}

func newHub() *hub {
	return &hub{clients: map[*client]struct{}{}, done: make(chan struct{})}
}

// add registers a client for the pages (URL paths) it shows.
func (h *hub) add(pages []string) *client {
	c := &client{ch: make(chan []byte, clientBuffer), pages: pages}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.clients[c] = struct{}{}
	return c
}

func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, c)
}

// pages lists the pages the clients said they show.
func (h *hub) pages() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for c := range h.clients {
		for _, p := range c.pages {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

func (h *hub) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// remember keeps a reload event for later hellos.
func (h *hub) remember(c change) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.history = append(h.history, c)
	if len(h.history) > historyLen {
		h.history = slices.Delete(h.history, 0, len(h.history)-historyLen)
	}
}

func (h *hub) recent() []change {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.history)
}

// broadcast sends one event to every client without blocking.
func (h *hub) broadcast(event string, data any) {
	b, err := json.Marshal(data)
	if err != nil {
		return
	}
	msg := []byte(fmt.Sprintf("event: %s\ndata: %s\n\n", event, b))
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		for {
			select {
			case c.ch <- msg:
			default:
				select { // full: drop the oldest and try again
				case <-c.ch:
				default:
				}
				continue
			}
			break
		}
	}
}

// close ends every stream; later streams end at once.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

// stream serves one client, showing pages, until it goes away or the hub closes. hello
// is the first event, written before the client can receive any other.
func (h *hub) stream(w http.ResponseWriter, r *http.Request, pages []string, hello func() any) {
	rc := http.NewResponseController(w)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	hd.Set("X-Accel-Buffering", "no")
	c := h.add(pages)
	defer h.remove(c)
	select {
	case <-h.done:
		return
	default:
	}
	b, err := json.Marshal(hello())
	if err != nil {
		return
	}
	if _, err := fmt.Fprintf(w, "retry: 1000\n\nevent: hello\ndata: %s\n\n", b); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case msg := <-c.ch:
			if _, err := w.Write(msg); err != nil {
				return
			}
		case <-ping.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}
