/*
 * cari.js: the offline search of the gnrm search page (layouts/cari/page.html).
 *
 * Why it works this way:
 * - No server code: the index is a set of JSON files made at build time by
 *   generator/search (format: generator/search/index.go). This script fetches the
 *   manifest when the page opens, then, for each query, only the term shards that its
 *   words need (keyed by the first two letters of each stem; a large shard is split in
 *   parts by term, and only the part holding the stem is fetched). Every file is
 *   fingerprinted and kept in memory once fetched, so a query typed letter by letter
 *   fetches each file once.
 * - Few requests per keystroke, because in a slow phone a request costs more than its
 *   bytes: a term shard carries result cards (title, address, section, date) for the
 *   documents that rank first for each of its terms, so the results of one word or
 *   prefix are shown as soon as its term shards are in. The snippets come from the
 *   document shards, fetched once typing pauses and added to the results still shown.
 *   Only results without a card (several words, the "more" button) wait for their
 *   document shards. Term shards are fetched ahead where that is cheap: the shard of
 *   two letters typed while they are too short to search (the second word of
 *   "pelayanan pu"), and, once the results of a word are shown, the few shards that one
 *   more letter would need (pela -> pelay: layan). A word of two letters that the
 *   manifest does not list as a term finds nothing without waiting for its shard.
 * - The words of a query are analysed exactly as the pages were at build time: this is a
 *   line-by-line port of generator/search/analyze.go and stem.go (the Indonesian
 *   confix-stripping stemmer and the English S-stemmer). The shared vectors in
 *   generator/search/testdata/vektor.txt, run against both, keep the two equal, and a Go
 *   test keeps the root and stop-word lists below equal to the Go ones.
 * - Ranking is BM25 with field weights: each posting carries its field weight (title 5,
 *   headings 3, summary 2, body 1) and its term frequency already normalised by the
 *   page's length; the score is the sum over query words of idf x weight x saturated
 *   tf. Pages that match the most query words come first; scores within about ten per
 *   cent count as equal, and then the newer page (the index lists pages newest first)
 *   wins, which also keeps the results of a broad query in few document shards. The
 *   last word is matched as a prefix while it is being typed.
 * - Safe by default: results are built with DOM methods and textContent only (no
 *   innerHTML), no inline script or style, no request to another site.
 * - Without JavaScript the form still sends a GET to this page, which then shows links
 *   to the sections of the site; those are hidden once this script runs.
 *
 * After each rendering of results the form fires a "gnrm-cari:hasil" event (detail:
 * the query and the number of results), which the tests use to time the search, and
 * after snippets are added to results shown from cards, "gnrm-cari:ringkasan".
 */
(() => {
  "use strict";

  /* ---- Lists: copies of generator/search/akar.txt and analyze.go (kept equal by
     TestListsMatchScript; rewrite with its -update flag). ---- */
  /* akar:mulai */
  const AKAR =
    "abdi adil adu agama ajak ajar akan akses aksi akta aktif aman amanah anggaran angkut " +
    "antre aparatur arah arti asas asing atur awas badan bagi bahan bahasa baik bangku " +
    "bangsa bangun bantu baru batas bawa bayar beda bekal bela belanja beli benar bentuk " +
    "berani beras berat beri berita berkas bersih besar biaya bijak bina birokrasi buat " +
    "budaya buka bukan bukti bulan buruh cakap capai cari catat cegah cepat cerdas cermat " +
    "cipta cocok contoh cukai daerah daftar damai dana dapat dasar data daya dengar desa " +
    "dialog didik digital dinas dinding dingin diplomasi direktorat direktur diri disiplin " +
    "diskusi distribusi dokumen dorong duduk dukung dunia edukasi ekonomi etika etos " +
    "fasilitas fungsi gagas gerak giat gizi gotong guna guru hadap hadir hak hanya harga " +
    "hari hasil hati hidup hormat hujan hukum humas ikan ikut iman ingat inovasi instansi " +
    "instruksi integritas isi izin jabat jadi jaga jalan jamin jangkau janji jawab jelas " +
    "jual juang jujur jumlah kalah kali kampanye kantor kapal karakter kawal kawan kebun " +
    "kecil kejar kelas kelola kelompok keluar keluarga kemarin kembali kembang kena kenal " +
    "kenang kepala keras kereta kerja kertas ketua kinerja kirim kota kuat kumpul kunci " +
    "kurang lahir laksana laku langkah lapor latih lawan layan lembaga libat lindung " +
    "lingkung luas main makan malu mampu mandi mandiri manfaat marah masak masalah masuk " +
    "mati media meja memang mentah menteri merah merdeka merek mesin metode milik mimpi " +
    "minta minum mohon moral muat muda mudah mula mulai muncul murni nanti nasional negara " +
    "nikah nilai nyaman nyanyi nyata olah paham pajak pakai pantai pantau pasar pasti patuh " +
    "pegang pegawai pelangi pelihara peluang pemerintah pendek pengaruh penuh peran percaya " +
    "perempuan pergi periksa perilaku perintah perlu pernah persen persentase pertama pesan " +
    "pesawat pesta pikir pilah pilih pimpin pindah pinjam potong presiden publik pukul " +
    "pungut punya putus raga rakyat ramah rancang rasa rawat rencana rumah rumus rusak sadar " +
    "sakit salah salur sama sambut sampai sanksi sapa sapu sarana satu sebab sebar sebut " +
    "sedang sedia segera sehat sejahtera sejak sejarah sekali sekolah sekretariat selalu " +
    "selatan selenggara selesai semangat seminar sempurna semua senang sendiri sengaja " +
    "sentuh serah serap sering serta server sesuai sesuatu siap siar sikap simpan sipil " +
    "sistem standar suap sumbang susun syarat tahu taman tanam tanda tanggap tanggung tanya " +
    "target tari tegak teladan teman tempat temu tengah terang terap terbang terbit terima " +
    "ternak tertib terus tetap tindak tinggal tingkat tinjau tolak tolong tradisi tugas tuju " +
    "tulis tunggu tunjuk tuntut tutup ubah ukur undang urus usaha usul utama wajib warga " +
    "wujud";
  /* akar:selesai */
  /* henti-id:mulai */
  const HENTI_ID =
    "ada adalah agar akan aku anda antara apa apabila apakah atas atau bagaimana bagi bahkan " +
    "bahwa beberapa belum bila bisa boleh dalam dan dapat dari daripada demikian dengan di " +
    "dia ia ialah ini itu jika juga kalau kami kamu karena ke kepada ketika kita lagi lain " +
    "maka masih melalui mereka meskipun namun oleh pada para pula saat sangat saja sebagai " +
    "sebelum sedangkan sehingga sejak selama seorang seperti sebuah serta setelah sudah " +
    "supaya tanpa telah tentang tersebut tetapi tidak untuk walaupun yaitu yakni yang";
  /* henti-id:selesai */
  /* henti-en:mulai */
  const HENTI_EN =
    "a about after all also an and are as at be been but by can for from had has have he her " +
    "his how if in into is it its more no not of on or our she so such than that the their " +
    "them then there these they this those through to was we were what when which who will " +
    "with you your";
  /* henti-en:selesai */

  const roots = new Set(AKAR.split(" "));
  const stopID = new Set(HENTI_ID.split(" "));
  const stopEN = new Set(HENTI_EN.split(" "));

  /* ---- Text analysis (analyze.go) ---- */

  const MIN_WORD = 2;
  const MAX_WORD = 32;
  const WORD = /[\p{L}\p{N}]+/gu;

  function normalize(text) {
    return text.normalize("NFD").replace(/\p{Mn}/gu, "").toLowerCase();
  }

  // Length in code points, as Go counts runes.
  function wordLength(w) {
    return w.length >= MIN_WORD && w.length <= MAX_WORD && !/[\uD800-\uDFFF]/.test(w)
      ? w.length
      : Array.from(w).length;
  }

  function tokens(text) {
    const out = [];
    for (const m of normalize(text).matchAll(WORD)) {
      const n = wordLength(m[0]);
      if (n >= MIN_WORD && n <= MAX_WORD) out.push(m[0]);
    }
    return out;
  }

  function isLetters(w) {
    return /^[a-z]*$/.test(w);
  }

  function isVowel(c) {
    return c === "a" || c === "i" || c === "u" || c === "e" || c === "o";
  }

  /* ---- The Indonesian stemmer (stem.go) ---- */

  const MAX_STEMS = 4;
  const MAX_PREFIXES = 3;

  function enough(s) {
    if (s.length < 3) return false;
    for (let i = 0; i < s.length; i++) if (isVowel(s[i])) return true;
    return false;
  }

  // [rest, true] when s ends with suffix and enough is left; [s, false] otherwise.
  function cut(s, suffix) {
    if (s.endsWith(suffix)) {
      const r = s.slice(0, s.length - suffix.length);
      if (enough(r)) return [r, true];
    }
    return [s, false];
  }

  function derivational(states, r) {
    states.push(r);
    let [r2, ok] = cut(r, "an");
    if (ok) {
      states.push(r2);
    } else {
      [r2, ok] = cut(r, "i");
      if (ok) states.push(r2);
    }
    return states;
  }

  function suffixChains(w) {
    const states = [w];
    let s = w;
    for (const p of ["lah", "kah", "tah", "pun"]) {
      const [r, ok] = cut(s, p);
      if (ok) {
        s = r;
        states.push(s);
        break;
      }
    }
    for (const p of ["nya", "ku", "mu"]) {
      const [r, ok] = cut(s, p);
      if (ok) {
        s = r;
        states.push(s);
        break;
      }
    }
    const chains = [];
    let [r, ok] = cut(s, "kan");
    const kan = ok;
    if (ok) chains.push(derivational(states.slice(), r));
    [r, ok] = cut(s, "an");
    if (ok && (!kan || isVowel(s[s.length - 4]))) {
      chains.push(derivational(states.slice(), r));
    } else {
      [r, ok] = cut(s, "i");
      if (ok) chains.push(derivational(states.slice(), r));
    }
    if (chains.length === 0) chains.push(states);
    return chains;
  }

  // The prefix at the start of s: {kind, strong, weak}, or null.
  function prefixOf(s) {
    if (s.length < 3) return null;
    const at = (i) => (i < s.length ? s[i] : "");
    const vowel = (i) => i < s.length && isVowel(s[i]);
    const consonant = (i) => i < s.length && !isVowel(s[i]);
    const has = (p) => s.startsWith(p);
    const one = (kind, ...forms) => ({ kind, strong: forms, weak: [] });
    const inSet = (set, c) => c !== "" && set.includes(c);

    switch (s.slice(0, 2)) {
      case "di":
      case "ke":
      case "se":
        return one(s.slice(0, 2), s.slice(2));
      case "be":
        if (has("belajar")) return one("be", s.slice(3));
        if (has("ber") && vowel(3)) return one("be", s.slice(3), s.slice(2));
        if (has("ber") && consonant(3) && at(3) !== "r") return one("be", s.slice(3));
        if (consonant(2) && at(2) !== "r" && at(2) !== "l" && at(3) === "e" && at(4) === "r") return one("be", s.slice(2));
        break;
      case "te":
        if (has("ter") && vowel(3)) return one("te", s.slice(3), s.slice(2));
        if (has("ter") && consonant(3) && at(3) !== "r") return one("te", s.slice(3));
        if (consonant(2) && at(2) !== "r" && at(3) === "e" && at(4) === "r") return one("te", s.slice(2));
        break;
      case "me":
        if ((at(2) === "l" || at(2) === "r" || at(2) === "w" || at(2) === "y") && vowel(3)) return one("me", s.slice(2));
        if (has("mem") && (at(3) === "b" || at(3) === "f" || at(3) === "v")) return one("me", s.slice(3));
        if (has("mempe")) return one("me", s.slice(3));
        if (has("mem") && (vowel(3) || (at(3) === "r" && vowel(4)))) return one("me", "m" + s.slice(3), "p" + s.slice(3));
        if (has("memp") && vowel(4)) return one("me", s.slice(3));
        if (has("men") && inSet("cdjsz", at(3))) return one("me", s.slice(3));
        if (has("men") && vowel(3)) return one("me", "n" + s.slice(3), "t" + s.slice(3));
        if (has("menge") && consonant(5)) return { kind: "me", strong: [s.slice(4), "k" + s.slice(4)], weak: [s.slice(5)] };
        if (has("meng") && inSet("ghqk", at(4))) return one("me", s.slice(4));
        if (has("meng") && vowel(4)) return one("me", s.slice(4), "k" + s.slice(4));
        if (has("meny") && vowel(4)) return one("me", "s" + s.slice(4), "ny" + s.slice(4));
        break;
      case "pe":
        if ((at(2) === "w" || at(2) === "y") && vowel(3)) return one("pe", s.slice(2));
        if (has("per") && vowel(3)) return one("pe", s.slice(3), s.slice(2));
        if (has("per") && consonant(3) && at(3) !== "r") return one("pe", s.slice(3));
        if (has("pelajar")) return one("pe", s.slice(3));
        if (at(2) === "l" && vowel(3)) return one("pe", s.slice(2));
        if (has("pem") && (at(3) === "b" || at(3) === "f" || at(3) === "v")) return one("pe", s.slice(3));
        if (has("pem") && (vowel(3) || (at(3) === "r" && vowel(4)))) return one("pe", "m" + s.slice(3), "p" + s.slice(3));
        if (has("pen") && inSet("cdjz", at(3))) return one("pe", s.slice(3));
        if (has("pen") && vowel(3)) return one("pe", "n" + s.slice(3), "t" + s.slice(3));
        if (has("penge") && consonant(5)) return { kind: "pe", strong: [s.slice(4), "k" + s.slice(4)], weak: [s.slice(5)] };
        if (has("peng") && inSet("ghqk", at(4))) return one("pe", s.slice(4));
        if (has("peng") && vowel(4)) return one("pe", s.slice(4), "k" + s.slice(4));
        if (has("peny") && vowel(4)) return one("pe", "s" + s.slice(4), "ny" + s.slice(4));
        if (consonant(2) && !"rwylmn".includes(at(2))) return one("pe", s.slice(2));
        break;
    }
    return null;
  }

  function removable(s, depth, prev) {
    if (depth >= MAX_PREFIXES) return null;
    const p = prefixOf(s);
    if (!p || p.kind === prev) return null;
    return { kind: p.kind, strong: p.strong.filter(enough), weak: p.weak.filter(enough) };
  }

  function findRoot(s, depth, prev) {
    const p = removable(s, depth, prev);
    if (!p) return "";
    const forms = p.strong.concat(p.weak);
    for (const f of forms) if (roots.has(f)) return f;
    for (const f of forms) {
      const r = findRoot(f, depth + 1, p.kind);
      if (r !== "") return r;
    }
    return "";
  }

  function blocked(s) {
    const p = removable(s, 0, "");
    if (p !== null) return p.strong.length === 0;
    return s.length >= 2 && ["di", "ke", "se", "be", "te", "me", "pe"].includes(s.slice(0, 2));
  }

  function leaves(s, depth, prev, emit) {
    const p = removable(s, depth, prev);
    if (!p || p.strong.length === 0) {
      emit(s);
      return;
    }
    for (const f of p.strong) leaves(f, depth + 1, p.kind, emit);
  }

  function stemID(w) {
    if (w.length < 4 || !isLetters(w) || roots.has(w)) return [w];
    const chains = suffixChains(w);
    for (const states of chains) {
      for (const s of states) if (roots.has(s)) return [s];
    }
    for (const states of chains) {
      for (let i = states.length - 1; i >= 0; i--) {
        const r = findRoot(states[i], 0, "");
        if (r !== "") return [r];
      }
    }
    const out = [];
    for (const states of chains) {
      let s = states[states.length - 1];
      for (let i = states.length - 1; i >= 0; i--) {
        if (!blocked(states[i])) {
          s = states[i];
          break;
        }
      }
      leaves(s, 0, "", (l) => {
        if (!out.includes(l) && out.length < MAX_STEMS) out.push(l);
      });
    }
    return out;
  }

  /* ---- The English S-stemmer (analyze.go) ---- */

  function stemEN(w) {
    if (w.length < 4 || !isLetters(w)) return w;
    if (w.endsWith("ies") && !w.endsWith("eies") && !w.endsWith("aies")) return w.slice(0, -3) + "y";
    if (w.endsWith("es") && !w.endsWith("aes") && !w.endsWith("ees") && !w.endsWith("oes")) return w.slice(0, -1);
    if (w.endsWith("s") && !w.endsWith("us") && !w.endsWith("ss")) return w.slice(0, -1);
    return w;
  }

  function analyzer(stemmer) {
    if (stemmer === "id") return { stop: (w) => stopID.has(w), stems: cached(stemID) };
    if (stemmer === "en") return { stop: (w) => stopEN.has(w), stems: (w) => [stemEN(w)] };
    return { stop: () => false, stems: (w) => [w] };
  }

  // The stems of the words of snippets and queries, kept: the same words recur.
  const stemCache = new Map();
  function cached(stem) {
    return (w) => {
      let s = stemCache.get(w);
      if (!s) {
        if (stemCache.size > 20000) stemCache.clear();
        s = stem(w);
        stemCache.set(w, s);
      }
      return s;
    };
  }

  function startsRoot(prefix) {
    for (const r of roots) if (r.startsWith(prefix)) return true;
    return false;
  }

  // For tests and for agencies' own pages: the analysis, exactly as the index sees it.
  globalThis.gnrmCari = Object.freeze({
    format: 2,
    tokens,
    stems: (word, lang) => analyzer(lang).stems(word).slice(),
  });

  /* ---- The search page ---- */

  const form = document.querySelector("form[data-cari-manifest]");
  if (!form) return;
  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("cari-status");
  const list = document.getElementById("cari-hasil");
  const more = document.getElementById("cari-lagi");
  const browse = document.getElementById("cari-jelajah");
  const noScript = document.getElementById("cari-tanpa-skrip");
  const text = form.dataset;
  const manifestURL = form.dataset.cariManifest;
  const dir = manifestURL.slice(0, manifestURL.lastIndexOf("/") + 1);
  const base = form.dataset.cariDasar || "/";
  if (!input || !status || !list) return;
  if (browse) browse.hidden = true;

  const PAGE = 10; // results shown, then PAGE more per click
  const K1 = 1.2; // BM25 saturation
  const PREFIX_FACTOR = 0.8; // a prefix match counts less than the whole word
  const MAX_EXPANSIONS = 20; // terms a prefix stands for, the commonest first
  const MIN_PREFIX = 3;
  const BANDS = 10; // score bands per factor e (about 10 % wide)
  const FORMAT = 2;
  const SNIPPET_PAUSE = 150; // ms without a keystroke before snippets are fetched

  const files = new Map(); // name -> Promise of parsed JSON, after prepare
  function load(name, prepare) {
    let p = files.get(name);
    if (!p) {
      p = fetch(name.startsWith("/") ? name : dir + name, { credentials: "same-origin" }).then((r) => {
        if (!r.ok) throw new Error(r.status + " " + name);
        return r.json();
      });
      if (prepare) p = p.then(prepare);
      p.catch(() => files.delete(name));
      files.set(name, p);
    }
    return p;
  }

  let manifest = null;
  let termKeys = new Set(); // the term shard keys of the index
  let parts = {}; // key -> first term of each part after the first, for split shards
  let short = new Set(); // the terms of two characters
  const manifestReady = load(manifestURL).then((m) => {
    if (!m || m.format !== FORMAT) throw new Error("format");
    manifest = m;
    termKeys = new Set(m.terms);
    parts = m.parts || {};
    short = new Set(m.short);
    form.dataset.cariSiap = "1";
    setTimeout(warmUp, 0);
    return m;
  });
  manifestReady.catch(() => failed());

  function failed() {
    say(text.tGagal || "", true);
    if (browse) {
      browse.hidden = false;
      if (noScript) noScript.hidden = true;
    }
  }

  function shardKey(term) {
    return /^[a-z0-9]{2}/.test(term) ? term.slice(0, 2) : "_";
  }

  // The term shard (or the part of one) that holds term, if it is in the index.
  function partOf(term) {
    const key = shardKey(term);
    if (!termKeys.has(key)) return null;
    const firsts = parts[key];
    if (!firsts) return "t-" + key;
    let i = 0;
    while (i < firsts.length && firsts[i] <= term) i++;
    return "t-" + key + "-" + i;
  }

  // The term shards (or parts) that may hold terms starting with prefix.
  function partsOf(prefix) {
    const key = shardKey(prefix);
    if (!termKeys.has(key)) return [];
    const firsts = parts[key];
    if (!firsts) return ["t-" + key];
    let from = 0;
    while (from < firsts.length && firsts[from] <= prefix) from++;
    let to = from;
    while (to < firsts.length && firsts[to].startsWith(prefix)) to++;
    const out = [];
    for (let i = from; i <= to; i++) out.push("t-" + key + "-" + i);
    return out;
  }

  // What is known of documents: number -> card (no snippet) from the term shards, and
  // number -> the whole document from the document shards.
  const cards = new Map();
  const docs = new Map();

  // A term shard's postings by term; its cards join the known ones.
  function termShard(name) {
    return load(name + "." + manifest.version + ".json", (shard) => {
      for (const c of shard.c) if (!cards.has(c[0])) cards.set(c[0], { b: c[1], j: c[2], t: c[3], u: c[4] });
      return shard.p;
    });
  }

  function docShard(i) {
    return load("d-" + i + "." + manifest.version + ".json", (shard) => {
      shard.forEach((d, k) => docs.set(i * manifest.perShard + k, d));
      return shard;
    });
  }

  // The document shards that hold the given documents.
  function docShards(ids) {
    return Promise.all([...new Set(ids.map((id) => Math.floor(id / manifest.perShard)))].map(docShard));
  }

  // The words of a query: {word, stems, prefix}. The last word, unless a space follows
  // it, may still be being typed: it is matched as a prefix too and is not dropped as a
  // stop word (di may become dilayani). The same holds when the form is sent, so that
  // Enter and "more" show what typing showed.
  function parse(q) {
    const an = analyzer(manifest.stemmer);
    const ws = tokens(q);
    const open = ws.length > 0 && /[\p{L}\p{N}]$/u.test(q);
    const out = [];
    const seen = new Set();
    ws.forEach((w, i) => {
      const prefix = open && i === ws.length - 1;
      if (!prefix && an.stop(w)) return;
      // "pelayanan pu": wait for more letters; a short word alone ("uu") is searched as
      // it is.
      if (prefix && w.length < MIN_PREFIX && ws.length > 1) {
        // ... but fetch the term shard of two letters already, as a word alone does.
        const name = w.length === 2 && partOf(w);
        if (name) termShard(name).catch(() => {});
        return;
      }
      if (seen.has(w + prefix)) return;
      seen.add(w + prefix);
      out.push({ word: w, stems: an.stems(w), prefix });
    });
    return out.slice(0, 16);
  }

  // Whether the shard of a stem must be asked for it: not for a stem of two characters
  // that the manifest does not list as a term (a word of two letters is matched whole).
  function mayBeTerm(stem) {
    return Array.from(stem).length !== 2 || short.has(stem);
  }

  // What a word being typed is matched as a prefix of. The word as typed is a prefix of
  // index terms only where the index keeps the start of a word: when nothing comes off
  // it (sek-olah), or at a listed root (peme-rintah). Elsewhere its stems are (pelay ->
  // lay: layan), and asking for it would only fetch another shard.
  function prefixesOf(word, an) {
    if (word.length < MIN_PREFIX) return [];
    const stems = an.stems(word);
    const raw = (stems.length === 1 && stems[0] === word) || startsRoot(word);
    return [...new Set(raw ? stems.concat([word]) : stems)].filter((p) => p.length >= MIN_PREFIX);
  }

  // The terms a query word stands for: [term, factor, postings].
  async function termsOf(qw, an) {
    const found = [];
    const add = (t, f, ps) => {
      if (!found.some((x) => x[0] === t)) found.push([t, f, ps]);
    };
    // A stem that cannot be a term needs no shard; while typing, it is fetched anyway
    // for the next letter.
    const exact = qw.stems.map((s) => [s, partOf(s)]).filter((x) => {
      if (!x[1] || mayBeTerm(x[0])) return x[1];
      if (qw.prefix) termShard(x[1]).catch(() => {});
      return false;
    });
    let word = qw.word;
    for (let tries = 0; tries < 3; tries++) {
      const prefixes = qw.prefix ? prefixesOf(word, an) : [];
      const wanted = prefixes.map((p) => [p, partsOf(p)]);
      const names = new Set(exact.map((x) => x[1]));
      for (const [, ns] of wanted) for (const n of ns) names.add(n);
      const shards = new Map(await Promise.all([...names].map(async (n) => [n, await termShard(n)])));
      if (tries === 0) {
        for (const [s, n] of exact) {
          const shard = shards.get(n);
          if (Object.hasOwn(shard, s)) add(s, 1, shard[s]);
        }
      }
      if (!qw.prefix || word.length < MIN_PREFIX) break;
      const cands = [];
      for (const [p, ns] of wanted) {
        for (const n of ns) {
          const shard = shards.get(n);
          for (const t in shard) {
            if (t.startsWith(p) && !found.some((x) => x[0] === t) && !cands.some((c) => c[0] === t)) cands.push([t, shard[t]]);
          }
        }
      }
      cands.sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
      for (const [t, ps] of cands.slice(0, MAX_EXPANSIONS)) add(t, PREFIX_FACTOR, ps);
      if (found.length > 0) break;
      word = word.slice(0, -1); // "pelayana": try "pelayan"
    }
    return found;
  }

  // After the results of a word being typed are shown: the term shards that one more
  // letter would need, fetched now if they are few. Most letters need none (the shards
  // of the word's stems hold the longer terms too), but where the stemmer moves to
  // another stem (pela -> pelay: layan; kebe -> keber: bersih), this spares the next
  // keystroke its request. Measured on the benchmark's queries: about one shard per
  // word typed, nearly always one that a later letter needs anyway.
  const LETTERS = "abcdefghijklmnopqrstuvwxyz";
  const MAX_AHEAD = 3;
  function lookAhead(word, an) {
    if (word.length < 2 || !isLetters(word)) return;
    const names = new Set();
    for (const c of LETTERS) {
      const w = word + c;
      for (const s of an.stems(w)) {
        const n = partOf(s);
        if (n && mayBeTerm(s)) names.add(n);
      }
      for (const p of prefixesOf(w, an)) for (const n of partsOf(p)) names.add(n);
    }
    const fresh = [...names].filter((n) => !files.has(n + "." + manifest.version + ".json"));
    if (fresh.length <= MAX_AHEAD) for (const n of fresh) termShard(n).catch(() => {});
  }

  let scores = new Float64Array(0);
  let best = new Float64Array(0);
  let matched = new Uint8Array(0);

  // Ranks the documents for the query words: [{id, score}] of the documents that match
  // the most words, best first, and the terms that matched (for the marks).
  async function rank(qws) {
    const an = analyzer(manifest.stemmer);
    const n = manifest.docs;
    if (scores.length !== n) {
      scores = new Float64Array(n);
      best = new Float64Array(n);
      matched = new Uint8Array(n);
    }
    const perWord = await Promise.all(qws.map((qw) => termsOf(qw, an)));
    const touched = [];
    const marks = { exact: new Set(), prefixes: [] };
    perWord.forEach((terms, i) => {
      const mine = [];
      for (const [term, factor, ps] of terms) {
        marks.exact.add(term);
        const df = ps.length / 3;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        let d = 0;
        for (let j = 0; j < ps.length; j += 3) {
          d += ps[j];
          const tf = ps[j + 2] / 10;
          const s = (factor * idf * ps[j + 1] * tf * (K1 + 1)) / (tf + K1);
          if (best[d] === 0) mine.push(d);
          if (s > best[d]) best[d] = s;
        }
      }
      if (qws[i].prefix && terms.length > 0) marks.prefixes.push(qws[i].word);
      for (const d of mine) {
        if (matched[d] === 0) touched.push(d);
        matched[d]++;
        scores[d] += best[d];
        best[d] = 0;
      }
    });
    let most = 0;
    for (const d of touched) if (matched[d] > most) most = matched[d];
    const hits = [];
    for (const d of touched) {
      // Scores within about a tenth of each other are one band, and the earlier page
      // (the newer one: the index is in date order) wins within a band, so a broad
      // query's results come from few document shards.
      if (matched[d] === most) hits.push({ id: d, score: Math.floor(Math.log(scores[d]) * BANDS) });
      scores[d] = 0;
      matched[d] = 0;
    }
    return { hits, marks };
  }

  // The k best of hits, best first (score band, then document order).
  function top(hits, k) {
    const out = [];
    for (const h of hits) {
      if (out.length === k) {
        const last = out[k - 1];
        if (h.score < last.score || (h.score === last.score && h.id > last.id)) continue;
        out.pop();
      }
      let i = out.length;
      while (i > 0 && (out[i - 1].score < h.score || (out[i - 1].score === h.score && out[i - 1].id > h.id))) i--;
      out.splice(i, 0, h);
    }
    return out;
  }

  // Appends text to parent with the words that match the query in <mark>.
  function marked(parent, str, marks, an) {
    let last = 0;
    for (const m of str.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
      const w = /^[A-Za-z]+$/.test(m[0]) ? m[0].toLowerCase() : tokens(m[0])[0];
      if (!w || an.stop(w)) continue;
      const stems = an.stems(w);
      const hit = stems.some((s) => marks.exact.has(s)) ||
        marks.prefixes.some((p) => w.startsWith(p) || stems.some((s) => s.startsWith(p)));
      if (!hit) continue;
      if (m.index > last) parent.append(str.slice(last, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.append(mark);
      last = m.index + m[0].length;
    }
    if (last < str.length) parent.append(str.slice(last));
  }

  function item(doc, marks, an) {
    const li = document.createElement("li");
    li.className = "butir";
    const art = document.createElement("article");
    const h = document.createElement("h2");
    h.className = "butir-judul";
    const a = document.createElement("a");
    a.href = base + doc.u;
    marked(a, doc.j || doc.u || "/", marks, an);
    h.append(a);
    art.append(h);
    if (doc.b || doc.t) {
      const meta = document.createElement("p");
      meta.className = "butir-meta";
      if (doc.b) {
        const sec = document.createElement("span");
        sec.className = "label-jenis";
        sec.textContent = doc.b;
        meta.append(sec);
      }
      if (doc.t) {
        const time = document.createElement("time");
        time.dateTime = doc.t;
        time.textContent = dateText(doc.t);
        meta.append(time);
      }
      art.append(meta);
    }
    if (doc.r) art.append(snippet(doc.r, marks, an));
    li.append(art);
    return li;
  }

  function snippet(str, marks, an) {
    const p = document.createElement("p");
    p.className = "butir-ringkasan";
    marked(p, str, marks, an);
    return p;
  }

  // The results shown from cards, still without snippets: {keys, best, items, bare,
  // marks}, items[i] showing best[i], bare the indexes of those without a snippet.
  let unfilled = null;
  let snippetTimer = 0;

  // Adds their snippets to the results shown from cards once their document shards are
  // in, if the list still shows them. While the visitor types, it waits for a pause
  // first (every keystroke starts the wait again): most keystrokes replace the results
  // before their snippets would arrive, and the requests would only compete with the
  // next keystroke.
  function fillSnippets(typing) {
    clearTimeout(snippetTimer);
    const u = unfilled;
    if (!u || u.keys !== shownKeys) return;
    snippetTimer = setTimeout(async () => {
      try {
        await docShards(u.bare.map((i) => u.best[i].id));
      } catch {
        return; // the results stay, without snippets
      }
      if (shownKeys !== u.keys || unfilled !== u) return;
      unfilled = null;
      const an = analyzer(manifest.stemmer);
      for (const i of u.bare) {
        const d = docs.get(u.best[i].id);
        if (d && d.r) u.items[i].firstChild.append(snippet(d.r, u.marks, an));
      }
      form.dispatchEvent(new CustomEvent("gnrm-cari:ringkasan", { detail: { kueri: input.value } }));
    }, typing ? SNIPPET_PAUSE : 0);
  }

  // The first results would otherwise also pay for the lazy set-up of the date format
  // and for the stemmer's first, slow runs: both are done while the page waits for the
  // first key, on the words of the page itself.
  function warmUp() {
    dateText("2016-12-06");
    const main = document.querySelector("main");
    const an = analyzer(manifest.stemmer);
    marked(document.createElement("p"), (main ? main.textContent : "").slice(0, 2000), { exact: new Set(), prefixes: [] }, an);
  }

  let seq = 0; // the latest search; an older one that finishes later is dropped
  let shownKeys = ""; // what the list shows: result ids and the marked terms
  let shown = PAGE;
  let statusTimer = 0;

  function say(msg, now) {
    clearTimeout(statusTimer);
    // A screen reader hears the count once typing pauses, not at every key.
    if (now) status.textContent = msg;
    else statusTimer = setTimeout(() => (status.textContent = msg), 400);
  }

  const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long", timeZone: "UTC" });
  function dateText(iso) {
    const d = new Date(iso + "T00:00:00Z");
    return isNaN(d) ? iso : dateFormat.format(d);
  }

  function fill(template, n, q) {
    return (template || "").replace("{n}", n.toLocaleString(document.documentElement.lang || undefined)).replace("{q}", q);
  }

  // Searches q and shows the results. typing: the count is announced once typing
  // pauses, not at once; keep: show as many results as before (the "more" button).
  async function search(q, typing, keep) {
    const mine = ++seq;
    clearTimeout(snippetTimer);
    if (!keep) shown = PAGE;
    const query = q.trim();
    if (query === "") {
      list.replaceChildren();
      shownKeys = "";
      if (more) more.hidden = true;
      say("", true);
      done(mine, q, 0);
      return;
    }
    try {
      await manifestReady;
    } catch {
      return;
    }
    if (mine !== seq) return;
    const qws = parse(q);
    let hits = [];
    let marks = { exact: new Set(), prefixes: [] };
    try {
      if (qws.length > 0) ({ hits, marks } = await rank(qws));
      if (mine !== seq) return;
      const best = top(hits, shown);
      // The term shards carry cards for the first results of each term; the results of
      // several words, and further pages, may need their document shards.
      const unknown = best.filter((h) => !docs.has(h.id) && !cards.has(h.id));
      if (unknown.length > 0) await docShards(unknown.map((h) => h.id));
      if (mine !== seq) return;
      // The same results with the same marks as shown (a space typed, a letter that
      // changes nothing): the list is left alone, which spares the browser a layout.
      const sig = [...marks.exact].sort().join(" ") + "|" + marks.prefixes.join(" ");
      const keys = best.map((h) => h.id + "|" + sig).join(",");
      if (keys !== shownKeys) {
        const an = analyzer(manifest.stemmer);
        const items = best.map((h) => item(docs.get(h.id) || cards.get(h.id), marks, an));
        list.replaceChildren(...items);
        shownKeys = keys;
        const bare = [];
        best.forEach((h, i) => docs.has(h.id) || bare.push(i));
        unfilled = bare.length > 0 ? { keys, best, items, bare, marks } : null;
      }
      if (more) more.hidden = hits.length <= best.length;
    } catch {
      if (mine === seq) failed();
      return;
    }
    const n = hits.length;
    say(n === 0 ? fill(text.tKosong, 0, query) : fill(n === 1 ? text.tHasilSatu : text.tHasil, n, query), !typing);
    done(mine, q, n);
    fillSnippets(typing);
    if (typing) {
      const ws = tokens(q);
      if (ws.length > 0 && /[\p{L}\p{N}]$/u.test(q)) {
        afterFrame(() => mine === seq && lookAhead(ws[ws.length - 1], analyzer(manifest.stemmer)));
      }
    }
  }

  // Runs f once the browser has drawn the results: work for the next keystroke does not
  // delay the frame that shows this one's.
  function afterFrame(f) {
    requestAnimationFrame(() => setTimeout(f, 0));
  }

  function done(mine, q, n) {
    form.dispatchEvent(new CustomEvent("gnrm-cari:hasil", { detail: { seq: mine, kueri: q, jumlah: n } }));
  }

  function remember(q) {
    const u = new URL(location.href);
    if (q.trim() === "") u.searchParams.delete("q");
    else u.searchParams.set("q", q.trim());
    history.replaceState(null, "", u);
  }

  input.addEventListener("input", () => {
    search(input.value, true, false);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    remember(input.value);
    search(input.value, false, false);
  });
  if (more) {
    more.addEventListener("click", () => {
      shown += PAGE;
      search(input.value, false, true);
    });
  }
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial, false, false);
  }
})();
