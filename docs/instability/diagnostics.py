# Diagnostics of per-example top-k on MNIST 784-500-500-10 (our setting: mean loss gradient, clip 5,
# Glorot std sqrt(2/(in+out)), Adam 1e-3). Every 25 steps: batch loss before/after the step,
# cosine of the truncated vs the true gradient, and whether the step is a descent step for the true gradient.
import numpy as np, sys, argparse
ap=argparse.ArgumentParser()
ap.add_argument('--k',type=int,default=20); ap.add_argument('--steps',type=int,default=550)
ap.add_argument('--opt',default='adam'); ap.add_argument('--lr',type=float,default=1e-3)
ap.add_argument('--seed',type=int,default=1); ap.add_argument('--variant',default='topk')
ap.add_argument('--every',type=int,default=25); ap.add_argument('--eps',type=float,default=1e-8); ap.add_argument('--mom',type=float,default=0.9)
a=ap.parse_args()
import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'diag_common.py')).read())
perm=rng.permutation(55000); sel_count=np.zeros((2,500)); W_init=[w.copy() for w in W]; sel_grad=np.zeros((2,500)); 
for s in range(a.steps):
    b=perm[(s*100)%55000:(s*100)%55000+100]; x,y=X[b],Y[b]
    h=fwd(x,W,B); L,g=lossgrad(h,y)
    G,masks=backward(h,g,W,a.k,a.variant)
    for i in range(2): sel_count[i]+=masks[i].sum(0)
    for i in range(2): sel_grad[i]+=np.abs(G[i]).sum(1)
    if s%a.every==0: Gt,_=backward(h,g,W,500,'dense')
    t+=1; steps=[]
    lr=a.lr*np.sqrt(1-0.999**t)/(1-0.9**t)
    for j in range(6):
        d=np.clip(G[j],-5,5)
        if a.opt=='adam':
            V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(V[j])+a.eps)).astype(np.float32)
        elif a.opt=='adamfloor':
            V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(np.maximum(V[j],V[j].mean()))+a.eps)).astype(np.float32)
        elif a.opt=='adamlayer':
            V[j]=V[j]*0.999+float((d*d).mean())*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(V[j])+a.eps)).astype(np.float32)
        else: M[j]=M[j]*a.mom+d; st=(a.lr*M[j]).astype(np.float32)
        P[j]-=st; steps.append(st)
    if s%a.every==0:
        L2,_=lossgrad(fwd(x,W,B),y)
        desc=sum(float((Gt[j]*steps[j]).sum()) for j in range(6))  # >0: the step goes downhill for the true gradient
        descn=desc/(np.sqrt(sum((Gt[j]**2).sum() for j in range(6)))*np.sqrt(sum((st**2).sum() for st in steps)))
        # among steps: fraction of W2 rows with a large step but no gradient this batch
        print(f'step {s:4d} loss {L:.3f} -> {L2:.3f}  cos(dW_tr,dW) L0 {cos(G[0],Gt[0]):+.2f} L1 {cos(G[1],Gt[1]):+.2f}  '
              f'cos(step,-grad) {descn:+.3f}  |W0| {np.linalg.norm(W[0]):.1f} |W1| {np.linalg.norm(W[1]):.1f} '
              f'|b0| {np.linalg.norm(B[0]):.2f} |b1| {np.linalg.norm(B[1]):.2f} h1>0 {(h[1]>0).mean():.2f} h2>0 {(h[2]>0).mean():.2f} '
              f'z2max {h[2].max():.0f}',flush=True)
acc=(fwd(Xt,W,B)[-1].argmax(1)==Yt).mean()
print(f'test {acc:.4f}')
for i in range(2):
    c=np.sort(sel_count[i])[::-1]/ (a.steps*100)
    print(f'layer {i}: selection rate per neuron: top5 {np.round(c[:5],3)} median {np.median(c):.4f} never {int((c==0).sum())}')

ht=fwd(Xt[:2000],W,B)
for i in range(2):
    rate=sel_count[i]/(a.steps*100); disp=np.linalg.norm(W[i]-W_init[i],axis=1); zmax=ht[i+1].max(0); q=np.quantile(rate,[0.25,0.5,0.75])
    groups=[('rate<=q25',rate<=q[0]),('q25..q75',(rate>q[0])&(rate<=q[2])),('rate>q75',rate>q[2])]
    for name,gm in groups:
        print(f'layer {i} rows {name:10s} n={gm.sum():3d} mean rate {rate[gm].mean():.4f}  summed |dW row| over run {sel_grad[i][gm].mean():.3e}  '
              f'|W row - init| {disp[gm].mean():.3f}  displacement per unit gradient {disp[gm].mean()/max(sel_grad[i][gm].mean(),1e-30):.1f}  max z (test) {zmax[gm].mean():.1f}')
