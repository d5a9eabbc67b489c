# Shared by diagnostics.py and drift_at_dense_minimum.py (run with exec so that the names land in the
# script's namespace): MNIST, the 784-500-500-10 model and its Adam state, forward, loss, top-k masks
# and the meProp backward. The seed is a.seed when the script defined `a` (argparse), else 1.
import numpy as np
if 'a' not in globals():
    class A: pass
    a=A(); a.seed=1
import os, sys; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the caller's folder (exec)
from mnist_idx import mnist
X,Y,Xt,Yt=mnist()
X,Y=X[:55000],Y[:55000]
rng=np.random.default_rng(a.seed); sizes=[784,500,500,10]
W=[(rng.standard_normal((o,i))*np.sqrt(2.0/(i+o))).astype(np.float32) for i,o in zip(sizes,sizes[1:])]  # [out x in]
B=[np.zeros(o,np.float32) for o in sizes[1:]]
P=W+B; M=[np.zeros_like(p) for p in P]; V=[np.zeros_like(p) for p in P]; t=0
def fwd(x,W,B):
    h=[x]
    for i in range(3):
        z=h[-1]@W[i].T+B[i]; h.append(np.maximum(z,0) if i<2 else z)
    return h
def lossgrad(h,y):
    z=h[-1]; p=np.exp(z-z.max(1,keepdims=True)); p/=p.sum(1,keepdims=True)
    L=-np.log(np.maximum(p[np.arange(len(y)),y],1e-30)).mean(); g=p; g[np.arange(len(y)),y]-=1; return L,g/len(y)
def topmask(g,k):
    idx=np.argpartition(-np.abs(g),k-1,axis=1)[:,:k]; m=np.zeros(g.shape,bool); np.put_along_axis(m,idx,True,axis=1); return m
def backward(h,g,W,k,variant):
    dW=[None]*3; dB=[None]*3; masks=[None]*2
    dh=g@W[2]; gout=g; 
    # selections first are needed for 'balanced' (next layer's dW uses masked inputs); compute top-down
    dW[2]=None; dB[2]=g.sum(0)
    for i in (1,0):
        gz=dh*(h[i+1]>0); dB[i]=gz.sum(0)
        if k>=500: m=np.ones_like(gz,bool)
        elif variant=='unified':
            s=np.abs(gz).sum(0); m=np.zeros_like(gz,bool); m[:,np.argpartition(-s,k-1)[:k]]=True
        else: m=topmask(gz,k)
        masks[i]=m; gs=np.where(m,gz,0)
        if variant in ('maskbias','balanced'): dB[i]=gs.sum(0)
        if i==1: dW[2]=gout.T@(np.where(m,h[2],0) if variant=='balanced' else h[2])
        dW[i]=gs.T@h[i]
        if i==0 and variant=='balanced': dW[1]=gs_prev.T@np.where(m,h[1],0)
        gs_prev=gs
        if i>0: dh=gs@W[i]
    return dW+dB,masks
def cos(u,v): return float((u*v).sum()/(np.linalg.norm(u)*np.linalg.norm(v)+1e-30))
