// `hark models list|install` as a service of its own: it needs the models folder, never a library.
import { EventEmitter } from 'node:events';
import { isAbsolute } from 'node:path';
import type {
  ModelAdminApi,
  ModelAdminEvent,
  ModelInfo,
  ModelInstallRequest,
  ModelInstallResult,
  ModelListing,
} from '../api/admin-contract';
import { badRequest } from '../base/errors';
import { buildRecipe } from '../ml/model-build';
import { installModel, listModels, modelsDir, modelStatus, verifyModel, type ModelStatus } from '../ml/model-manager';
import { prepareLabelBank } from './models';

export class ModelAdmin implements ModelAdminApi {
  private readonly events = new EventEmitter();

  constructor(private readonly dir: string = modelsDir()) {}

  onEvent(listener: (event: ModelAdminEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async listModels({ verify }: { verify?: boolean }): Promise<ModelListing> {
    const models: ModelInfo[] = [];
    for (const manifest of listModels()) {
      models.push(info(verify ? await verifyModel(manifest.id, this.dir) : await modelStatus(manifest.id, this.dir)));
    }
    return { dir: this.dir, models };
  }

  /** Installs one model after another (a failure stops the rest); the label bank follows its two data sets. */
  async installModels({ ids, mirror, force }: ModelInstallRequest): Promise<ModelInstallResult> {
    if (mirror !== undefined && !/^https?:\/\//.test(mirror) && !isAbsolute(mirror))
      throw badRequest(`mirror must be an http(s) URL or an absolute folder (got "${mirror}").`);
    // Without a mirror, "all" means all that can be built here.
    const wanted = ids?.length
      ? ids
      : listModels()
          .filter((manifest) => mirror !== undefined || buildRecipe(manifest) !== null)
          .map((manifest) => manifest.id);
    const models: ModelInfo[] = [];
    for (const id of wanted) {
      const status = await installModel(id, {
        mirror,
        force,
        modelsDir: this.dir,
        log: (line) => this.emit({ type: 'model-note', id, note: line }),
        onProgress: ({ file, bytesDone, bytesTotal }) =>
          this.emit({ type: 'model-progress', progress: { id, file, bytesDone, bytesTotal } }),
      });
      models.push(info(status));
    }
    let labelBank: ModelInstallResult['labelBank'] = null;
    // The label bank is embedded by the text tower: made again when the label data or the tower was installed.
    const labelData = async () =>
      (await modelStatus('audioset', this.dir)).state === 'installed' &&
      (await modelStatus('ucs', this.dir)).state === 'installed';
    const touchesBank = [
      'audioset',
      'ucs',
      ...listModels()
        .filter((m) => m.kind === 'text-encoder')
        .map((m) => m.id),
    ];
    if (
      models.every((model) => model.state === 'installed') &&
      wanted.some((id) => touchesBank.includes(id)) &&
      (await labelData())
    ) {
      this.emit({ type: 'label-bank', state: 'preparing' });
      const started = Date.now();
      await prepareLabelBank(this.dir);
      labelBank = { seconds: (Date.now() - started) / 1000 };
    }
    return { models, labelBank };
  }

  private emit(event: ModelAdminEvent): void {
    this.events.emit('event', event);
  }
}

function info(status: ModelStatus): ModelInfo {
  const name = listModels().find((manifest) => manifest.id === status.id)?.name ?? status.id;
  return { id: status.id, name, state: status.state, message: status.message };
}
