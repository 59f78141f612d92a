// A live figure of "Sum or Mean?", drawn in the page (see helpers/widgets.py for the data format).
// Called by the inline script of each figure's text/html output with that script element and the
// figure's spec. It replaces the fallback picture by a <canvas> and redraws on every slider input:
// the static layers are matplotlib's pictures, the lines and markers are drawn here, in canvas pixels.
(function (script, spec) {
  const root = script && script.closest('.som-figure');
  if (!root || root.dataset.live === '1' || typeof DecompressionStream === 'undefined') return;
  root.dataset.live = '1';
  const fromBase64 = text => Uint8Array.from(atob(text), c => c.charCodeAt(0));
  const picture = src => new Promise((ok, fail) => {
    const img = new Image(); img.onload = () => ok(img); img.onerror = fail; img.src = 'data:image/png;base64,' + src;
  });
  // The static layer under the lines: the picture, with the stored patch over it where they differ.
  const layer = (pictureImage, patchImage) => {
    const c = document.createElement('canvas'); c.width = spec.width; c.height = spec.height;
    const g = c.getContext('2d');
    g.drawImage(pictureImage, 0, 0, spec.width, spec.height);
    g.drawImage(patchImage, 0, 0, spec.width, spec.height);
    return c;
  };
  const inflate = async bytes => new Uint8Array(await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());

  const fallback = root.querySelector('img.som-picture');
  const loaded = fallback.complete ? Promise.resolve() : new Promise(ok => { fallback.onload = ok; });
  Promise.all([inflate(fromBase64(spec.data)), picture(spec.below), spec.above ? picture(spec.above) : null, loaded])
    .then(([raw, difference, above]) => {
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
      const coords = new Int16Array(raw.buffer, at, starts[header.blocks]).slice();
      const scale = header.scale, gap = -32768;
      for (let b = 0; b < header.blocks; b++) {      // undo the delta coding, x and y apart
        for (let i = starts[b] + 2; i < starts[b + 1]; i++) coords[i] = (coords[i - 2] + coords[i]) << 16 >> 16;
      }
      const below = layer(fallback, difference);

      const inputs = [...root.querySelectorAll('input.som-slider')];
      const readouts = [...root.querySelectorAll('output.som-readout')];
      const status = root.querySelector('.som-status');
      const canvas = document.createElement('canvas');
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(spec.width * ratio);
      canvas.height = Math.round(spec.height * ratio);
      canvas.className = 'som-canvas';
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', fallback.alt);
      canvas.style.cssText = fallback.style.cssText;
      canvas.style.width = spec.width + 'px';   // CSS size = figure size; the bitmap has devicePixelRatio times more
      fallback.replaceWith(canvas);
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
          const i = Number(input.value);
          state += i * spec.strides[c];
          readouts[c].textContent = spec.controls[c].labels[i];
        });
        const text = header.statuses[state];
        status.textContent = text;
        status.style.fontWeight = text.includes('DIVERGED') ? 'bold' : 'normal';
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

      inputs.forEach(input => input.addEventListener('input', draw));
      draw();
      root.dataset.ready = '1';
    })
    .catch(error => { root.dataset.error = String(error); });
})
