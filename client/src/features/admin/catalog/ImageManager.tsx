import type { AdminProduct } from '@bazaar/shared';
import { useState } from 'react';
import { useDeleteImageMutation, useReorderImagesMutation, useUpdateImageMutation, useUploadImagesMutation } from '../admin.api';
import { useAction } from '../ui';

type Image = AdminProduct['images'][number];

/** Moves one id to another's place (drag-and-drop or the arrow buttons). */
export function moveId(ids: string[], from: number, to: number): string[] {
  const next = [...ids];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** Upload, reorder (drag, or the arrow buttons for keyboards), alt text and delete. */
export function ImageManager({ product }: { product: AdminProduct }) {
  const images = [...product.images].sort((a, b) => a.position - b.position);
  const [upload, { isLoading }] = useUploadImagesMutation();
  const [reorder] = useReorderImagesMutation();
  const [dragging, setDragging] = useState<number>();
  const act = useAction();
  const move = (from: number, to: number) => {
    if (to < 0 || to >= images.length || from === to) return;
    void act(
      () =>
        reorder({
          productId: product.id,
          imageIds: moveId(
            images.map((i) => i.id),
            from,
            to,
          ),
        }).unwrap(),
      'Images reordered',
    );
  };
  return (
    <section aria-labelledby="images">
      <h2 id="images" className="mb-2 text-lg font-semibold">
        Images
      </h2>
      <label className="mb-3 block text-sm">
        <span className="mb-1 block">Add images (JPEG, PNG, WebP or AVIF, up to 5 MB each; the first is the main image)</span>
        <input
          type="file"
          accept="image/*"
          multiple
          disabled={isLoading}
          onChange={async (e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length)
              await act(
                () => upload({ productId: product.id, files }).unwrap(),
                `${files.length} image${files.length > 1 ? 's' : ''} uploaded`,
              );
          }}
        />
      </label>
      {images.length === 0 ? (
        <p className="text-sm text-gray-500">No images yet.</p>
      ) : (
        <ol className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Images in display order">
          {images.map((img, i) => (
            <li
              key={img.id}
              draggable
              onDragStart={() => setDragging(i)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={() => {
                if (dragging !== undefined) move(dragging, i);
                setDragging(undefined);
              }}
              className={`rounded border p-2 ${dragging === i ? 'opacity-50' : ''}`}
            >
              <img src={img.url} alt={img.alt} className="aspect-square w-full cursor-move rounded object-cover" loading="lazy" />
              <ImageControls productId={product.id} image={img} index={i} count={images.length} onMove={move} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ImageControls({
  productId,
  image,
  index,
  count,
  onMove,
}: {
  productId: string;
  image: Image;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
}) {
  const [alt, setAlt] = useState(image.alt);
  const [updateImage] = useUpdateImageMutation();
  const [deleteImage] = useDeleteImageMutation();
  const act = useAction();
  return (
    <div className="mt-2 space-y-1 text-xs">
      <input
        aria-label={`Alt text of image ${index + 1}`}
        placeholder="Describe the image"
        className="input"
        value={alt}
        onChange={(e) => setAlt(e.target.value)}
        onBlur={() => alt !== image.alt && act(() => updateImage({ id: image.id, alt }).unwrap(), 'Alt text saved')}
      />
      <div className="flex gap-1">
        <button
          type="button"
          className="btn px-2"
          aria-label={`Move image ${index + 1} earlier`}
          disabled={index === 0}
          onClick={() => onMove(index, index - 1)}
        >
          ←
        </button>
        <button
          type="button"
          className="btn px-2"
          aria-label={`Move image ${index + 1} later`}
          disabled={index === count - 1}
          onClick={() => onMove(index, index + 1)}
        >
          →
        </button>
        <button
          type="button"
          className="btn ml-auto px-2"
          onClick={() =>
            window.confirm('Delete this image?') && act(() => deleteImage({ productId, imageId: image.id }).unwrap(), 'Image deleted')
          }
        >
          Delete
        </button>
      </div>
    </div>
  );
}
