// A live figure of "Sum or Mean?", drawn in the page (see helpers/widgets.py for the data format).
// Called by the inline script of each figure's sliders output with that script element and the
// figure's spec. It finds the figure's picture (the output just before the sliders), draws a <canvas>
// from the same pixels above the sliders, hides the picture, and redraws on every slider input: the
// static layers are matplotlib's pictures, the lines and markers are drawn here, in canvas pixels.
(function (script, spec) {
  const root = script && script.closest('.som-figure');
  if (!root || root.dataset.live === '1') return;
  root.dataset.live = '1';
  const note = root.querySelector('.som-note');
  const fail = error => {
    root.dataset.error = String(error);
    if (note.isConnected) note.textContent = `The sliders cannot move here: ${error.message || error}.`;
  };
  if (typeof DecompressionStream === 'undefined') return fail(new Error('this browser has no DecompressionStream'));
  const fromBase64 = text => Uint8Array.from(atob(text), c => c.charCodeAt(0));
  const picture = src => new Promise((ok, no) => {
    const img = new Image(); img.onload = () => ok(img); img.onerror = no; img.src = 'data:image/png;base64,' + src;
  });
  // The picture output: the <img> in the output box just before the box that holds the sliders.
  const pictureBefore = () => {
    for (let box = root; box.parentElement && box !== document.body; box = box.parentElement) {
      const before = box.previousElementSibling;
      const images = !before ? [] : before.tagName === 'IMG' ? [before] : [...before.querySelectorAll('img')];
      if (images.length) return {img: images[images.length - 1], box: before};
    }
    return null;
  };
  // It must be this figure's: its PNG ends with the spec's last bytes (a data: URL, or a blob: URL as VS Code shows it).
  const tail = fromBase64(spec.picture_tail);
  const isThisFigures = async img => {
    if (img.src.startsWith('data:')) return img.src.replace(/\s|%0[ad]/gi, '').endsWith(spec.picture_tail);
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    return bytes.length >= tail.length && tail.every((b, i) => b === bytes[bytes.length - tail.length + i]);
  };
  // A viewer may attach the picture a moment after the sliders: look again for two seconds.
  const found = new Promise((ok, no) => {
    let tries = 0;
    const look = async () => {
      if (!root.isConnected) throw new Error('the figure left the page');
      const candidate = pictureBefore();
      if (candidate && candidate.img.src && await isThisFigures(candidate.img)) return ok(candidate);
      if (++tries < 100) setTimeout(() => look().catch(no), 20);
      else no(new Error(candidate ? 'the picture before the sliders is not this figure\'s' : 'there is no picture before the sliders'));
    };
    look().catch(no);
  });
  const loaded = ({img, box}) => new Promise((ok, no) => {
    const done = () => (img.naturalWidth ? ok({img, box}) : no(new Error('the picture did not load')));
    if (img.complete) done(); else { img.addEventListener('load', done); img.addEventListener('error', done); }
  });
  // The static layer under the lines: the picture, with the stored patch over it where they differ.
  const layer = (pictureImage, patchImage) => {
    const c = document.createElement('canvas'); c.width = spec.width; c.height = spec.height;
    const g = c.getContext('2d');
    g.drawImage(pictureImage, 0, 0, spec.width, spec.height);
    g.drawImage(patchImage, 0, 0, spec.width, spec.height);
    return c;
  };
  // The static layer over the lines: the picture's own pixels where that layer is opaque (legends),
  // then its stored translucent rest (spines, antialiased edges).
  const overLayer = (pictureImage, maskImage, restImage) => {
    const [x0, y0, x1, y1] = spec.above_box;
    const c = document.createElement('canvas'); c.width = x1 - x0; c.height = y1 - y0;
    const g = c.getContext('2d');
    g.drawImage(maskImage, 0, 0);
    g.globalCompositeOperation = 'source-in';
    g.drawImage(pictureImage, -x0, -y0, spec.width, spec.height);
    g.globalCompositeOperation = 'source-over';
    if (restImage) g.drawImage(restImage, 0, 0);
    return c;
  };
  const inflate = async bytes => new Uint8Array(await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());

  Promise.all([inflate(fromBase64(spec.data)), picture(spec.below), spec.above_mask ? picture(spec.above_mask) : null,
                spec.above ? picture(spec.above) : null, found.then(loaded)])
    .then(([raw, difference, aboveMask, aboveRest, {img: fallback, box: pictureBox}]) => {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const headerLength = view.getUint32(0, true);
      const header = JSON.parse(new TextDecoder().decode(raw.subarray(4, 4 + headerLength)));
      let at = raw.byteOffset + 4 + headerLength;
      at += (4 - at % 4) % 4;
      const nStates = header.statuses.length, nArtists = spec.artists.length;
      const table = new Int32Array(raw.buffer, at, nStates * nArtists * 2).slice(); at += table.byteLength;
      const stride = 2 * nArtists;
      for (let i = stride; i < table.length; i++) table[i] += table[i - stride];   // undo the difference coding
      const lengths = new Int32Array(raw.buffer, at, header.blocks); at += lengths.byteLength;
      const starts = new Int32Array(header.blocks + 1);
      lengths.forEach((n, b) => { starts[b + 1] = starts[b] + n; });
      const total = starts[header.blocks], half = total / 2;
      const coords = new Int16Array(total);
      let value = 0, shift = 0, k = 0;
      for (let i = at - raw.byteOffset; i < raw.length; i++) {     // zigzag varints: x differences, then y
        value |= (raw[i] & 127) << shift;
        if (raw[i] & 128) { shift += 7; continue; }
        coords[k < half ? 2 * k : 2 * (k - half) + 1] = (value >>> 1) ^ -(value & 1);
        k++; value = 0; shift = 0;
      }
      if (k !== total) throw new Error(`the figure's data holds ${k} numbers, not ${total}`);
      const scale = header.scale, gap = -32768;
      for (let b = 0; b < header.blocks; b++) {      // undo the delta coding, x and y apart
        for (let i = starts[b] + 2; i < starts[b + 1]; i++) coords[i] = (coords[i - 2] + coords[i]) << 16 >> 16;
      }
      const below = layer(fallback, difference);
      const above = aboveMask ? overLayer(fallback, aboveMask, aboveRest) : null;

      const inputs = [...root.querySelectorAll('input.som-slider')];
      const readouts = [...root.querySelectorAll('output.som-readout')];
      const status = root.querySelector('.som-status');
      // What a screen reader hears of the status line: a polite live region, written once a move settles
      // (the key released, the pointer lifted, or half a second without input), not on every key repeat.
      // The visible line changes at once; it is hidden from screen readers, which read this copy.
      // It joins the page holding the first status, so that nothing is announced when the figure loads.
      const holder = document.createElement('div');
      holder.innerHTML = '<div class=som-live role=status aria-live=polite aria-atomic=true '
        + 'style=position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap></div>';
      const live = holder.firstChild;
      let said, timer;
      const settle = () => { clearTimeout(timer); if (live.textContent !== said) live.textContent = said; };
      const canvas = document.createElement('canvas');
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(spec.width * ratio);
      canvas.height = Math.round(spec.height * ratio);
      canvas.className = 'som-canvas';
      canvas.setAttribute('role', 'img');
      // CSS size = figure size; the bitmap has devicePixelRatio times more
      canvas.style.cssText = `display:block;max-width:100%;height:auto;width:${spec.width}px`;
      const ctx = canvas.getContext('2d');
      const markers = spec.artists.map(a => {
        if (!a.marker) return null;
        const path = new Path2D();
        for (const polygon of a.marker.polygons) {
          polygon.forEach(([x, y], i) => (i ? path.lineTo(x, y) : path.moveTo(x, y)));
          if (a.marker.fill) path.closePath();
        }
        return path;
      });

      function strokeLine(a, start, end) {
        ctx.beginPath();
        let pen = false;
        for (let i = start; i < end; i += 2) {
          if (coords[i] === gap) { pen = false; continue; }
          const x = coords[i] / scale, y = coords[i + 1] / scale;
          if (pen) ctx.lineTo(x, y); else { ctx.moveTo(x, y); pen = true; }
        }
        ctx.lineWidth = a.width; ctx.strokeStyle = a.colour; ctx.lineCap = a.cap; ctx.lineJoin = a.join;
        ctx.setLineDash(a.dash); ctx.lineDashOffset = a.dash_offset;
        ctx.stroke();
      }

      function drawMarkers(a, path, start, end) {
        const m = a.marker;
        ctx.lineWidth = m.edge_width; ctx.strokeStyle = m.edge; ctx.lineJoin = m.join; ctx.lineCap = m.cap;
        ctx.setLineDash([]);
        if (m.fill) ctx.fillStyle = m.fill;
        for (let i = start; i < end; i += 2) {
          ctx.setTransform(ratio, 0, 0, ratio, ratio * coords[i] / scale, ratio * coords[i + 1] / scale);
          if (m.fill) ctx.fill(path);
          if (m.edge_width > 0) ctx.stroke(path);
        }
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      }

      function draw() {
        let state = 0;
        inputs.forEach((input, c) => {
          const i = Number(input.value), {symbol, labels} = spec.controls[c];
          state += i * spec.strides[c];
          readouts[c].textContent = symbol ? `${symbol} = ${labels[i]}` : labels[i];
          input.setAttribute('aria-valuetext', readouts[c].textContent);
        });
        const text = said = header.statuses[state];
        status.textContent = text;
        status.style.fontWeight = text.includes('DIVERGED') ? 'bold' : 'normal';
        canvas.setAttribute('aria-label', `${spec.panels} Shown: ${text}`);
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.imageSmoothingEnabled = ratio !== 1;
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(below, 0, 0, canvas.width, canvas.height);
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        spec.artists.forEach((a, k) => {
          const row = 2 * (state * nArtists + k);
          ctx.save();
          if (a.clip) { ctx.beginPath(); ctx.rect(...a.clip); ctx.clip(); }
          const path = table[row], points = table[row + 1];
          if (path >= 0 && a.width > 0) strokeLine(a, starts[path], starts[path + 1]);
          if (points >= 0 && markers[k]) drawMarkers(a, markers[k], starts[points], starts[points + 1]);
          ctx.restore();
        });
        if (above) {
          const [x0, y0, x1, y1] = spec.above_box;
          ctx.drawImage(above, x0, y0, x1 - x0, y1 - y0);
        }
        root.dataset.state = String(state);
      }

      draw();                            // the first state drawn, then the picture swapped for the canvas
      root.prepend(canvas);
      note.remove();
      pictureBox.style.display = 'none';  // the picture's whole output box (its prompt and margins too)
      settle();
      status.setAttribute('aria-hidden', 'true');
      status.after(live);
      inputs.forEach(input => {
        input.addEventListener('input', () => { draw(); clearTimeout(timer); timer = setTimeout(settle, 500); });
        ['keyup', 'pointerup'].forEach(type => input.addEventListener(type, settle));
      });
      root.dataset.ready = '1';
    })
    .catch(fail);
})
