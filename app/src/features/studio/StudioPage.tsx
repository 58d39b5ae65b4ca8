// The creator studio (loaded on demand): the connected wallet's models and a
// page per model to train, price, allowlist and withdraw.
import { Route, Routes } from 'react-router';
import { Notice } from '../../components/ui.js';
import { useWallet } from '../../wallet/signer.js';
import { CreateModel } from './CreateModel.js';
import { ModelStudio } from './ModelStudio.js';
import { MyModels } from './MyModels.js';

export default function StudioPage() {
  const wallet = useWallet();
  if (wallet.status === 'disconnected') {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-bold">Creator studio</h1>
        <Notice>Connect the wallet that holds (or will hold) your models.</Notice>
      </div>
    );
  }
  return (
    <Routes>
      <Route index element={<MyModels />} />
      <Route path="new" element={<CreateModel />} />
      <Route path=":address" element={<ModelStudio />} />
    </Routes>
  );
}
